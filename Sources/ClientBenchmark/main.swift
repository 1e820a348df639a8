print("client benchmark: not yet written")
