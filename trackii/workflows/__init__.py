"""Work that spans feature apps (dialogues, participants, facilitation).

The apps import nothing from here; only views, URL confs and tasks above them do.
"""
