"""The bureau as one team: a sync server (``server``, ``serverdb``) and laptops with a replica
and an outbox (``replica``, ``client``). Every change travels as a command
(``services.commands``) that the server replays through the same service. Free of Qt."""
