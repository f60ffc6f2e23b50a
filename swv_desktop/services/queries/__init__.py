"""The list queries behind the window's tables: filters, sorting and paging in SQL."""
