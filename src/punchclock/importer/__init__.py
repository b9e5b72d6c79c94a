"""Importing from TimeTagger: its server's data folder and its CSV export, through the sync API's push."""
