module backup-mocks/clients/go

go 1.19
