"""Renderers: the one table model (begrippen/tabel.py) for each medium. They present; they never compute.

- `terminal`: a Rich table in Dutch notation, with its notes;
- `machine`: CSV and JSON with the columns' machine names and the values as they are (eurocent);
- `excel`: CSV for Dutch Excel (semicolons, decimal comma, euros) and XLSX with number formats;
- `html`: the table as the reports and the dashboard show it, every catalogue figure with its provenance.
"""
