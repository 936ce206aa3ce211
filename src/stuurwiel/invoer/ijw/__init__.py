"""iJw 3.2 messages (iStandaard Jeugdwet): safe reading, validation and their canonical rows."""
