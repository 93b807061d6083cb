"""The game window: the only package that imports pygame.

Scenes on a stack (`scenes.py`, `map_scene.py`) read the engine's state and send commands through
`Game.submit`; drawing never changes game state (it only reads it, and its cosmetic randomness has
its own generator).
"""
