"""Kinship Hub: Scotland's offer of support to kinship families."""
