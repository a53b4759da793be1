from config.formats.nl.formats import *  # noqa: F401,F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
