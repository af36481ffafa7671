"""Council areas, postcode districts and distance."""
