"""The code of conduct as versioned reference data: each provision is a record."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CodeVersion(models.Model):
    """A version of the code of conduct. A new version adds provisions; old ones stay as they were."""

    label = models.CharField(_("label"), max_length=100, unique=True)
    adopted_on = models.DateField(_("adopted on"))
    is_current = models.BooleanField(_("current version"), default=False)

    class Meta:
        verbose_name = _("code version")
        verbose_name_plural = _("code versions")
        ordering = ["-adopted_on"]

    def __str__(self) -> str:
        return self.label


class Communication(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional communication")
    PERSONAL = "personal", _("Personal communication")


class Provision(models.Model):
    class Section(models.TextChoices):
        OFFICIAL_ACCOUNTS = "art4", _("Art. 4: place in the organisation")
        PRINCIPLE = "principle", _("5.1 Basic principle")
        DO = "do", _("5.2 Do")
        DONT = "dont", _("5.3 Don't")

    class Applies(models.TextChoices):
        PROFESSIONAL = "professional", _("professional communication")
        PERSONAL = "personal", _("personal communication")
        BOTH = "both", _("professional and personal communication")

    code_version = models.ForeignKey(
        CodeVersion, on_delete=models.PROTECT, related_name="provisions"
    )
    article = models.CharField(_("article"), max_length=10)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    applies_to = models.CharField(_("applies to"), max_length=20, choices=Applies.choices)
    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"))
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["code_version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["code_version", "position"], name="unique_provision_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article} — {self.context_label} — {self.text}"

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "nl").startswith("en") else self.text_nl

    @property
    def context_label(self) -> str:
        if self.section == self.Section.DONT and self.applies_to == self.Applies.PERSONAL:
            return str(_("personal communication"))
        if self.section in (self.Section.DO, self.Section.DONT):
            return str(self.get_applies_to_display())
        return str(self.get_section_display())
