mydep2 = {}
