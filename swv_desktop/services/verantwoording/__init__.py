"""The money after the award: payments to the board, the school's account (verantwoording) and
repayments (``betalingen``), the settlement (vaststelling) with its letter (``use_cases``,
``brief``), overdue accounts and the money flow (``overzicht``) and the schooljaar's figures as
awarded, paid, accounted, settled, repaid and still open (``geldoverzicht``).

Each mutating call checks the role, validates everything before it writes, runs in one
transaction and leaves one audit entry; a refusal raises a ``KnownError`` and changes nothing.
"""
