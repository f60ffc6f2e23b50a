"""Schools and boards from DUO's open data (the VO vestigingen and besturen files) or an Excel
sheet: read, previewed against the database, and written only when the user confirms."""
