"""Headless campaigns: play whole games between players and summarise them."""
