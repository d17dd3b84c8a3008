"""One page script per view; `dashboard/app.py` routes to them."""
