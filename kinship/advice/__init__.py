"""National advice hub: enquiries, advice, articles and callbacks."""
