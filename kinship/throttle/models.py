from django.db import models


class RateCounter(models.Model):
    """How many times something happened to one key in one fixed time window.

    The key names the window, so a new window starts a new row; expired rows are purged.
    Incremented with one INSERT ... ON CONFLICT DO UPDATE ... RETURNING statement
    (`services.hit`), so parallel requests can never both read the same count.
    """

    key = models.CharField(max_length=200, unique=True)
    count = models.IntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
