"""Published decisions as open data (OCDS, 360Giving) and a read-only API; reads every domain
app, and nothing imports it."""
