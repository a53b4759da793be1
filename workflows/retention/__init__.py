"""Retention and privacy (GDPR): retention periods per outcome, the purge at the end of them, the
legal hold that stops it, and the subject-access export of everything held about an employee."""
