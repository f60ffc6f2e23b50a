"""The interim and final evaluation: the figures and the use cases that load and save them."""
