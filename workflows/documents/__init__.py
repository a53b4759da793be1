"""The documents a case produces: letters, minutes, decisions and the complete case file as PDF."""
