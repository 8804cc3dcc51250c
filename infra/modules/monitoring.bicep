// Log Analytics: where AKS sends container logs and metrics (Container Insights).

@description('Workspace name.')
param name string

param location string

param tags object

@description('Days logs are kept (30 is the free retention of the PerGB2018 tier).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

output id string = workspace.id
output name string = workspace.name
