"""The 12345 直通车 over Open311 GeoReport v2: partner systems and their keys,
Renda's Open311 server (/open311/v2/) and Renda as a client of the city's 12345
system (docs/hotline.md)."""
