"""Encryption at rest: SQLCipher connections, key slots in the sidecar file, private files.

``connect`` is the only module that imports a SQLite driver; ``keyslots`` wraps the data key per
user (with the Argon2id, HKDF and AES-GCM steps of ``slotcrypto``); ``private_files`` makes every
file the application keeps readable by its owner only; ``convert`` turns an existing plaintext
database into an encrypted one.
"""
