"""The offline demo (issue [ops]): a seeded directorate with its Polres, served by the fake RapidAPI."""
