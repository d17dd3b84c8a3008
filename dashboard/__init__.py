"""The reader-mood Streamlit dashboard: `streamlit run dashboard/app.py`."""
