"""Audit samples on paper: the workbook a file check fills in, and the reports for the controller
and the accountant (a sample's evaluation, the control-audit plan), as PDF and XLSX."""
