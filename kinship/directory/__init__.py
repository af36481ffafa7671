"""Directory of kinship support, local offers and the Open Referral UK API."""
