"""The money after the award: payments to the board, the school's account (verantwoording), the
settlement (vaststelling) with its letter, repayments, overdue accounts and the schooljaar's
figures as awarded, paid, accounted, settled, repaid and still open."""
