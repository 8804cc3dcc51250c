// Arrivals: an Event Hubs namespace with the hub the silos consume (Kardiaflow:EventHubs:Hub) and the silos' own
// consumer group (Kardiaflow:EventHubs:ConsumerGroup). Entra ID only: local (SAS) authentication is off.

@description('Namespace name (6-50 letters, digits, hyphens, globally unique).')
@minLength(6)
@maxLength(50)
param name string

param location string

param tags object

param hubName string

@description('Partitions of the hub: the most silos that can pull arrivals in parallel. Fixed once created on the Standard tier.')
@minValue(1)
@maxValue(32)
param partitionCount int

param consumerGroupName string

@description('Days events are kept (1-7 on the Standard tier).')
@minValue(1)
@maxValue(7)
param messageRetentionInDays int = 1

@allowed(['Basic', 'Standard'])
param skuName string = 'Standard'

resource namespace 'Microsoft.EventHub/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2026-01-01' = {
  parent: namespace
  name: hubName
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: messageRetentionInDays
  }
}

resource consumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2026-01-01' = {
  parent: hub
  name: consumerGroupName
}

output namespaceName string = namespace.name
output hubId string = hub.id
output hubName string = hub.name
output consumerGroupName string = consumerGroup.name
// Kardiaflow:EventHubs:FullyQualifiedNamespace is a host name: serviceBusEndpoint is https://<name>.servicebus.windows.net:443/.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '://')[1], ':')[0]
