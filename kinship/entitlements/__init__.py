"""What a kinship family can expect: dated rules and a benefits estimate."""
