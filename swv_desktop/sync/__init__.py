"""The bureau as one team: a sync server (``server``, ``serverdb``) and laptops with a replica
and an outbox (``replica``, ``client``). Every change travels as a command
(``services.commands``) that the server replays through the same service. Free of Qt."""

PASSWORD_ENV = "SWV_PASSWORD"
"""The environment variable a batch command takes its account's password from instead of a
prompt (``sync``, ``server init``, ``server import``'s standalone file, ``check``, ``purge``...)."""
