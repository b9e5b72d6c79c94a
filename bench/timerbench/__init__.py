"""The timer's writes side by side: this build against an earlier one (see __main__)."""
