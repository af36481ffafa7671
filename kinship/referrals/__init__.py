"""Closed-loop referrals between organisations."""
