"""Entry history: every change to an entry kept, who made it, when and through which path."""
