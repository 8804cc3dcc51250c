// The lake and Orleans' storage: one ADLS Gen2 account (hierarchical namespace) holding the lake container, the large
// grain states' container and the tables the Azure-profile silo uses. Data access is by Entra ID only (workload
// identity): no shared key, no public blob access, HTTPS and TLS 1.2 only.

@description('Storage account name (3-24 lower-case letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

param location string

param tags object

@description('Redundancy: LRS (one datacenter) or ZRS (three zones; not offered in every region).')
@allowed(['Standard_LRS', 'Standard_ZRS'])
param skuName string = 'Standard_ZRS'

@description('Blob containers to create: the lake (Kardiaflow:Lake:Container) and the large grain states.')
param containerNames string[]

@description('Tables to create: Orleans membership, small grain states, Event Hubs checkpoints.')
param tableNames string[]

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    isHnsEnabled: true
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for container in containerNames: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

output id string = account.id
output name string = account.name
output blobServiceUri string = account.properties.primaryEndpoints.blob
output tableServiceUri string = account.properties.primaryEndpoints.table
