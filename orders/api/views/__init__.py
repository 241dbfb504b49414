"""The orders API: the cart and checkout (buying), the buyer's orders (mine), a shop's (shop)."""
