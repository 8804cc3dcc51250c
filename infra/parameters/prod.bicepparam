// prod: 3 nodes across zones (autoscaling to 10), 16 hub partitions (the most silos pulling arrivals at once), the AKS
// uptime SLA, zone-redundant storage.
using '../main.bicep'

param environmentName = 'prod'
param kubernetesNamespace = 'kardiaflow-prod'
param eventHubPartitionCount = 16
param aksNodeVmSize = 'Standard_E8ds_v5'
param aksNodeMinCount = 3
param aksNodeMaxCount = 10
param aksAvailabilityZones = ['1', '2', '3']
param logRetentionInDays = 90
param aksSkuTier = 'Standard'
param storageSkuName = 'Standard_ZRS'
