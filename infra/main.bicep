// Kardiaflow on Azure: everything the Azure-profile silos need, in one resource group created by infra/deploy.sh.
// Outputs are the silo's settings (deploy.sh writes them into the Kubernetes ConfigMap) and what deploy.sh needs next.
targetScope = 'resourceGroup'

@description('Environment name: picks the parameter file and names the Kubernetes overlay (deploy/k8s/overlays/<env>).')
@allowed(['dev', 'prod'])
param environmentName string

param location string = resourceGroup().location

@description('Prefix of resource names.')
@minLength(2)
@maxLength(10)
param namePrefix string = 'kardiaflow'

@description('Kubernetes namespace of the overlay (deploy/k8s/overlays/<env>/namespace.yaml).')
param kubernetesNamespace string

@description('Service account of the silos (deploy/k8s/base/serviceaccounts.yaml).')
param siloServiceAccountName string = 'kardiaflow-silo'

@description('Service account of the console Job (deploy/k8s/base/serviceaccounts.yaml).')
param consoleServiceAccountName string = 'kardiaflow-console'

@description('The lake container (Kardiaflow:Lake:Container).')
param lakeContainerName string = 'lakehouse'

@description('The hub of arrivals (Kardiaflow:EventHubs:Hub).')
param eventHubName string = 'arrivals'

@description('Partitions of the arrivals hub.')
@minValue(1)
@maxValue(32)
param eventHubPartitionCount int

@description('The silos\' consumer group (Kardiaflow:EventHubs:ConsumerGroup).')
param eventHubConsumerGroupName string = 'kardiaflow-silo'

param aksNodeVmSize string

@minValue(1)
param aksNodeMinCount int

@minValue(1)
param aksNodeMaxCount int

param aksAvailabilityZones string[] = []

param kubernetesVersion string = ''

@description('AKS control plane tier (Standard adds the uptime SLA).')
@allowed(['Free', 'Standard'])
param aksSkuTier string = 'Free'

@description('Storage redundancy of the lake and Orleans\' storage.')
@allowed(['Standard_LRS', 'Standard_ZRS'])
param storageSkuName string = 'Standard_ZRS'

param logRetentionInDays int = 30

@description('Tags on every resource; deploy.sh tags the resource group itself.')
param tags object = {}

// Names the Azure-profile silo uses (src/Silo/Configuration/AzureStorageOptions.cs, the team's settings list): the
// Orleans membership table, small grain states, Event Hubs checkpoints; the large grain states' container.
var tableNames = ['OrleansSiloInstances', 'KardiaflowGrainState', 'KardiaflowCheckpoints']
var grainStateContainerName = 'kardiaflow-grainstate'

var suffix = uniqueString(resourceGroup().id)
var allTags = union(tags, { application: 'kardiaflow', environment: environmentName })

// Names are computed here, not read from module outputs, so what-if can predict every resource.
var storageAccountName = take('kf${environmentName}${suffix}', 24)
var eventHubsNamespaceName = '${namePrefix}-${environmentName}-${suffix}'
var registryName = 'kf${environmentName}${suffix}'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: '${namePrefix}-${environmentName}-logs'
    location: location
    tags: allTags
    retentionInDays: logRetentionInDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: allTags
    skuName: storageSkuName
    containerNames: [lakeContainerName, grainStateContainerName]
    tableNames: tableNames
  }
}

module eventHubs 'modules/eventhubs.bicep' = {
  name: 'eventhubs'
  params: {
    name: eventHubsNamespaceName
    location: location
    tags: allTags
    hubName: eventHubName
    partitionCount: eventHubPartitionCount
    consumerGroupName: eventHubConsumerGroupName
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    name: registryName
    location: location
    tags: allTags
  }
}

module aks 'modules/aks.bicep' = {
  name: 'aks'
  params: {
    name: '${namePrefix}-${environmentName}-aks'
    location: location
    tags: allTags
    kubernetesVersion: kubernetesVersion
    nodeVmSize: aksNodeVmSize
    nodeMinCount: aksNodeMinCount
    nodeMaxCount: aksNodeMaxCount
    availabilityZones: aksAvailabilityZones
    logAnalyticsWorkspaceId: monitoring.outputs.id
    skuTier: aksSkuTier
    registryName: registryName
  }
  // The kubelet's AcrPull assignment is on the registry, named here rather than taken from its outputs.
  dependsOn: [registry]
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: '${namePrefix}-${environmentName}-silo'
    location: location
    tags: allTags
    oidcIssuerUrl: aks.outputs.oidcIssuerUrl
    kubernetesNamespace: kubernetesNamespace
    serviceAccountNames: [siloServiceAccountName, consoleServiceAccountName]
    storageAccountName: storageAccountName
    eventHubsNamespaceName: eventHubsNamespaceName
    eventHubName: eventHubName
  }
  // The role assignments are on the storage account and the hub, named here rather than taken from their outputs.
  dependsOn: [storage, eventHubs]
}

// The silo's settings (deploy.sh maps each to its Kardiaflow__... / AzureAd__... ConfigMap entry).
output blobServiceUri string = storage.outputs.blobServiceUri
output tableServiceUri string = storage.outputs.tableServiceUri
output lakeContainerName string = lakeContainerName
output eventHubsFullyQualifiedNamespace string = eventHubs.outputs.fullyQualifiedNamespace
output eventHubName string = eventHubs.outputs.hubName
output eventHubConsumerGroupName string = eventHubs.outputs.consumerGroupName
output tenantId string = tenant().tenantId
output identityClientId string = identity.outputs.clientId

// What deploy.sh needs next.
output kubernetesNamespace string = kubernetesNamespace
output siloServiceAccountName string = siloServiceAccountName
output consoleServiceAccountName string = consoleServiceAccountName
output aksName string = aks.outputs.name
output registryName string = registry.outputs.name
output registryLoginServer string = registry.outputs.loginServer
output logAnalyticsWorkspaceName string = monitoring.outputs.name
output storageAccountName string = storage.outputs.name
