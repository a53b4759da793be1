from django.db import models


class JobRun(models.Model):
    """A daily cron job's finished run. Every application server's timer starts the job at the
    same hour, a second or two apart: the cron lock keeps two runs from overlapping, this row keeps
    a run that starts after the first one ended from doing the day's work again (a second
    reminder mail to every handler)."""

    job = models.CharField(max_length=100)
    day = models.DateField()
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="one_run_per_job_and_day")]

    def __str__(self) -> str:
        return f"{self.job} {self.day:%Y-%m-%d}"
