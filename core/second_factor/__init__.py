"""The second factor: a TOTP code (authenticator app) after the password, with single-use recovery
codes, for every local-password account that can see a case file (issue #18)."""
