"""Check or rebuild the inbox counts (`ReferralCount`) against a direct count of referrals."""

from django.core.management.base import BaseCommand, CommandError

from kinship.referrals import counts


class Command(BaseCommand):
    help = (
        "Compare the inbox counts kept by the database with a direct count of referrals "
        "(--check, the default) or remake them (--rebuild)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="remake the counts from the referrals"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, rebuild=False, database="default", **options):
        if rebuild:
            counts.install_count_triggers(database)
            rows = counts.rebuild_counts(database)
            self.stdout.write(f"Rebuilt the referral counts: {rows} rows.")
            return
        wrong = counts.differences(database)
        for (organisation, box, state), (kept, direct) in sorted(wrong.items()):
            self.stdout.write(
                f"organisation {organisation} {box} {state}: kept {kept}, counted {direct}"
            )
        if wrong:
            raise CommandError(
                f"{len(wrong)} referral counts are wrong; run "
                "`manage.py referral_counts --rebuild`."
            )
        self.stdout.write("The referral counts match a direct count.")
