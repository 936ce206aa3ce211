"""The application layer: a question (`vraag.Vraag`) answered from the catalogue and the analyses
as one table (`begrippen.tabel.Tabel`), in the scope of whoever asks; and the services that set up
a store and load a batch. The CLI, the dashboard and the API are thin adapters on top of it."""
