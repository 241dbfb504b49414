"""The shops' web pages: the catalogue, the community around the shops, the dashboard."""
