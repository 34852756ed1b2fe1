[profile]
name = broken
[init]
getty-lien = x
