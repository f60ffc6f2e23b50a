"""Applications: the use cases (create, edit, view: ``use_cases``), the workflow steps
(``stappen``), the input checks (``invoer``) and the regulation's rules they check (``regels``)."""
