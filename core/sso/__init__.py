"""Single sign-on through the organisation's OpenID Connect provider (settings: config/sso.py)."""
