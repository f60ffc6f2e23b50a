"""The rules and use cases of the product, free of Qt.

Every public function takes the open ``Database`` and (for anything a person does) the ``Actor``,
runs as one transaction, checks the actor's role itself, writes one audit entry per mutation and
returns plain dataclasses or primitive values. A refused action raises a ``KnownError`` with a
Dutch message and changes nothing.
"""
