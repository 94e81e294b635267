"""Vietnam Health Reform Tracker: load, validate, render, build and export the data package."""
