"""The clause library as data: clause files, their schema and loading, search, markup,
legal bases and purchase families; plain Python with no Flask."""
