"""Who may use the adviser console: advisers and administrators of a national advice service."""

import rules

from kinship.accounts.models import Role
from kinship.accounts.permissions import has_role, in_national_advice

uses_advice_console = has_role(Role.ADVISER, Role.ORG_ADMIN) & in_national_advice

rules.add_perm("advice.use_console", uses_advice_console)
