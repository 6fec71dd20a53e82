"""People: employees - the record a hired candidate becomes, with its number and the
interview baseline kept for later comparison."""
