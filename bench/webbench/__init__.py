"""The web app benchmark: load time, week switch and bytes with a year of entries (bench/run_web.sh)."""
